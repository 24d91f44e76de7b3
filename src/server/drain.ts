import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Requests whose work is not finished: counted from their arrival until both their handler has
 * returned and their answer is done. A client that hangs up ends the connection at once, but its
 * handler goes on running and may still query the database; shutdown waits for this count to
 * reach zero before closing the database (server.close() alone waits only for connections).
 */
export interface Unfinished {
  /** Resolves when nothing is left to finish, or after `timeoutMs`; true when nothing is. */
  settled(timeoutMs: number): Promise<boolean>;
  readonly count: number;
}

const kState = Symbol('shpalta.unfinished');
interface State {
  /** The response has not closed yet (sent in full, or its connection gone). */
  answerOpen: boolean;
  handlerRunning: boolean;
  /** Counted out; a handler that starts after this (its hooks outlived the connection) counts itself in again. */
  settled: boolean;
}
type Tracked = FastifyRequest & { [kState]?: State };

/** Call before any route is added: handlers are wrapped as routes are declared. */
export function trackUnfinished(app: FastifyInstance): Unfinished {
  let count = 0;
  const waiters: Array<() => void> = [];
  const settle = (state: State) => {
    if (state.settled || state.answerOpen || state.handlerRunning) return;
    state.settled = true;
    count--;
    if (count === 0) for (const wake of waiters.splice(0)) wake();
  };
  app.addHook('onRequest', async (request: Tracked, reply) => {
    const state: State = { answerOpen: true, handlerRunning: false, settled: false };
    request[kState] = state;
    count++;
    // 'close' comes in every case: after the last byte, or when the client hangs up first.
    reply.raw.once('close', () => {
      state.answerOpen = false;
      settle(state);
    });
  });
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    // Not an async wrapper: a handler's result goes back to Fastify exactly as it was.
    route.handler = function (this: FastifyInstance, request, reply) {
      const state = (request as Tracked)[kState];
      if (state) {
        if (state.settled) {
          state.settled = false;
          count++;
        }
        state.handlerRunning = true;
      }
      const done = () => {
        if (!state) return;
        state.handlerRunning = false;
        settle(state);
      };
      let result: unknown;
      try {
        result = handler.call(this, request, reply);
      } catch (e) {
        done();
        throw e;
      }
      if (result instanceof Promise) return result.finally(done);
      done();
      return result;
    };
  });
  return {
    get count() {
      return count;
    },
    settled(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(count === 0), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
