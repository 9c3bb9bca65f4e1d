export default async function globalTeardown() {
  await Promise.all((globalThis.__dvtContainers ?? []).map((c) => c.stop()));
}
