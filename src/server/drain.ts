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
  handlerStarted: boolean;
  handlerDone: boolean;
  answerDone: boolean;
}
type Tracked = FastifyRequest & { [kState]?: State };

/** Call before any route is added: handlers are wrapped as routes are declared. */
export function trackUnfinished(app: FastifyInstance): Unfinished {
  let count = 0;
  const waiters: Array<() => void> = [];
  const settle = (request: Tracked) => {
    const state = request[kState];
    if (!state || !state.answerDone || !state.handlerDone) return;
    request[kState] = undefined;
    count--;
    if (count === 0) for (const wake of waiters.splice(0)) wake();
  };
  app.addHook('onRequest', async (request: Tracked) => {
    request[kState] = { handlerStarted: false, handlerDone: false, answerDone: false };
    count++;
  });
  app.addHook('onResponse', async (request: Tracked) => {
    const state = request[kState];
    if (!state) return;
    state.answerDone = true;
    // Answered without the handler (a 404, a guard's 401): it will not run now.
    if (!state.handlerStarted) state.handlerDone = true;
    settle(request);
  });
  // The client went away: no answer will be sent, but a handler (started or about to) still runs.
  app.addHook('onRequestAbort', async (request: Tracked) => {
    const state = request[kState];
    if (!state) return;
    state.answerDone = true;
    settle(request);
  });
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    // Not an async wrapper: a handler's result goes back to Fastify exactly as it was.
    route.handler = function (this: FastifyInstance, request, reply) {
      const state = (request as Tracked)[kState];
      if (state) state.handlerStarted = true;
      const done = () => {
        if (!state) return;
        state.handlerDone = true;
        settle(request as Tracked);
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
