import type { FastifyInstance } from 'fastify';
import type { NewsroomDeps } from './deps.js';

export function peopleAdminRoutes(_app: FastifyInstance, _deps: NewsroomDeps) {}
