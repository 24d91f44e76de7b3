import type { FastifyInstance } from 'fastify';
import type { NewsroomDeps } from './deps.js';

export function adminPages(_app: FastifyInstance, _deps: NewsroomDeps) {}
