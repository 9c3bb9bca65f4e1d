import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bannerLines, PER_SERVICE_VARIABLES, planServices, settingsFrom, type ServicePlan } from './plan.js';
import { findBusyPorts, findMissing } from './prerequisites.js';
import { runToEnd, start, stopAll, waitReady, type Running } from './supervisor.js';

/** The workspace root: the nearest folder up from this file that holds pnpm-workspace.yaml. */
function workspaceRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
  }
  throw new Error(`no pnpm-workspace.yaml above ${from}`);
}
const root = workspaceRoot(path.dirname(fileURLToPath(import.meta.url)));
const say = (line: string) => process.stdout.write(`${line}\n`);

const tryKill = (pid: number) => {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
};

async function main(): Promise<number> {
  const settings = settingsFrom(process.env, root);
  const missing = [
    ...(await findMissing({ postgres: settings.catalogDatabaseUrl, amqp: settings.amqpUrl })),
    ...(await findBusyPorts(settings.host, { CATALOG_PORT: settings.catalogPort, VIDEO_PORT: settings.videoPort, UI_PORT: settings.uiPort })),
  ];
  if (missing.length > 0) {
    for (const m of missing) process.stderr.write(`${m.label ?? 'missing'}: ${m.what}: ${m.hint}\n`);
    return 1;
  }

  if (process.env.DVT_SKIP_BUILD !== '1') {
    say('building (pnpm build) ...');
    execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }

  for (const sub of ['sources', 'tmp', 'results']) mkdirSync(path.join(settings.varDir, sub), { recursive: true });
  const baseEnv = { ...process.env };
  for (const name of PER_SERVICE_VARIABLES) delete baseEnv[name];

  const plans = planServices(settings).filter((p) => existsSync(p.entry) || p.name !== 'admin-ui');
  for (const plan of plans) {
    if (!existsSync(plan.entry)) throw new Error(`${plan.name} is not built: ${path.relative(root, plan.entry)} is missing`);
  }
  for (const plan of plans.filter((p): p is ServicePlan & { migrate: string } => Boolean(p.migrate))) {
    say(`migrating ${plan.name} (${new URL(plan.env.DATABASE_URL ?? '').pathname.slice(1)}) ...`);
    await runToEnd(plan.migrate, { ...baseEnv, ...plan.env }, `${plan.name}:migrate`);
  }

  const running: Running[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nstopping ...');
    await stopAll(running, 20_000);
    say('stopped.');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  // If the launcher itself dies (a crash, its terminal gone), its services must not outlive it.
  process.on('exit', () => running.forEach((r) => r.child.pid && r.child.exitCode === null && tryKill(-r.child.pid)));
  process.stdout.on('error', () => undefined);

  for (const plan of plans) {
    const r = start(plan, baseEnv);
    running.push(r);
    void r.exited.then((code) => {
      if (!stopping) {
        process.stderr.write(`${plan.name} exited unexpectedly (code ${code}); stopping everything\n`);
        void stop(1);
      }
    });
    await waitReady(r, 60_000);
  }

  // One write, so a reader never sees the banner half printed.
  const banner = bannerLines(settings, plans);
  say(banner.join('\n'));
  return new Promise<number>(() => undefined);
}

main()
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    process.stderr.write(`pnpm start failed: ${err.message}\n`);
    process.exit(1);
  });
