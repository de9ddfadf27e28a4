/* global process, performance */
// Preloaded (node --require) into the process the idle figure measures, a `dmdrop watch` started by
// bench/idle.ts: on the parent's 'start' and 'stop' messages it reports this process's own CPU time
// and resident memory, so nothing outside the engine's process is counted.
// The channel must not keep the process alive: `dmdrop watch` ends by itself on SIGTERM.
process.channel?.unref();
let cpu0;
let t0;
process.on('message', (message) => {
  if (message === 'start') {
    // Counted from after the reply, and the reply warmed the channel, so the window holds the
    // process's own idling and not the probe's first use of its message channel.
    process.send({ started: true });
    cpu0 = process.cpuUsage();
    t0 = performance.now();
  } else if (message === 'stop') {
    const cpu = process.cpuUsage(cpu0);
    process.send({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0, rssMb: process.memoryUsage().rss / 1e6 });
  }
});
