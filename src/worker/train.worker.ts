/// <reference lib="webworker" />
/**
 * The training worker: holds one run (a TrainingSession, src/worker/session.ts) and trains it while
 * the page asks it to. See protocol.ts for the messages. This file wires the session to the
 * worker's scope and decides which engines exist and which one runs. Errors, including those thrown
 * by async handlers (which never reach `onerror`), are caught and posted back as `error` messages.
 */
import { createFusedTrainer } from '../train/fused.ts';
import { chooseEngine, startEngine } from './engines.ts';
import type { ToWorker } from './protocol.ts';
import { TrainingSession } from './session.ts';

declare const self: DedicatedWorkerGlobalScope;

// The loop's next turn comes as a message to ourselves (not clamped like timers), after the
// messages already waiting; `settle` waits for one such round trip.
const channel = new MessageChannel();
const turns: (() => void)[] = [];
channel.port1.onmessage = () => turns.shift()?.();
const soon = (turn: () => void): void => {
  turns.push(turn);
  channel.port2.postMessage(null);
};

const session = new TrainingSession(
  {
    post: (message, transfer) => self.postMessage(message, transfer),
    now: () => performance.now(),
    later: (turn, ms) => (ms > 0 ? setTimeout(turn, ms) : soon(turn)),
    settle: () => new Promise<void>((resolve) => soon(resolve)),
  },
  {
    fused: (request, data) => createFusedTrainer(request.settings, data),
    choose: chooseEngine,
    start: startEngine,
  },
);

self.onmessage = (event: MessageEvent<ToWorker>) => session.receive(event.data);
