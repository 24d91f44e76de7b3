import type { FastifyBaseLogger } from 'fastify';
import { pruneChangeLog, publishDueArticles } from '../services/publish-due.js';
import { THROTTLE } from '../services/newsroom/sign-in-throttle.js';
import { pruneAuth } from '../storage/repositories/users.js';
import type { PublicDeps } from './deps.js';

const PUBLISH_EVERY_MS = 5_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Background work of a serving instance: scheduled articles go live within seconds of their
 * time, and the change log is kept short. Returns a function that stops it.
 */
export function startJobs(deps: PublicDeps, log: FastifyBaseLogger, clock: () => Date = () => new Date()): () => void {
  let running = false;
  const publish = async () => {
    if (running) return;
    running = true;
    try {
      const outcome = await publishDueArticles(deps.primary, clock());
      const { published } = outcome;
      deps.metrics?.jobRuns.inc({ job: 'publish-scheduled', outcome: 'ok' });
      deps.metrics?.scheduledPublished.inc(published.length);
      if (published.length) {
        deps.changes.announce(outcome);
        log.info({ published }, 'scheduled articles published');
      }
    } catch (err) {
      deps.metrics?.jobRuns.inc({ job: 'publish-scheduled', outcome: 'error' });
      log.warn({ err }, 'publishing scheduled articles failed; will retry');
    } finally {
      running = false;
    }
  };
  const prune = () => {
    void pruneChangeLog(deps.primary, clock()).catch((err) => log.warn({ err }, 'pruning the change log failed'));
    // Expired sessions, day-old sign-in failures, devices and addresses unused for THROTTLE.knownDays.
    void pruneAuth(deps.primary.db, clock(), THROTTLE.knownDays).catch((err) => log.warn({ err }, 'pruning sign-in records failed'));
  };
  void publish();
  const timers = [setInterval(publish, PUBLISH_EVERY_MS), setInterval(prune, PRUNE_EVERY_MS)];
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
