/**
 * A one-line progress bar with rate and time left, redrawn at most ten times a second on a
 * terminal, or a line every ten seconds when the output is a file or a pipe.
 */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let done = 0;
  let drawnAt = 0;
  const tty = out.isTTY === true;
  const draw = (final = false) => {
    const now = Date.now();
    if (!final && now - drawnAt < (tty ? 100 : 10_000)) return;
    drawnAt = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = done / seconds;
    const left = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
    const share = total > 0 ? done / total : 1;
    const width = 30;
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
    const line = `${label} ${bar} ${done}/${total} ${(share * 100).toFixed(0)}% ${rate.toFixed(0)}/s ${final ? `${seconds.toFixed(1)}s` : `~${left.toFixed(0)}s left`}`;
    out.write(tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  };
  return {
    tick(n = 1) {
      done += n;
      draw();
    },
    done() {
      draw(true);
    },
  };
}
