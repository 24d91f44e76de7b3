import type { FastifyInstance } from 'fastify';
import type { NewsroomDeps } from './deps.js';

export function articleAdminRoutes(_app: FastifyInstance, _deps: NewsroomDeps) {}
