import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';
import {
  REQUIRED, SERVICES, documentedVariables, rabbitConsumerTimeoutMs, readRepoFile, repoPath, type Service,
} from './support.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are free-form YAML */
type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: any };

const K8S = repoPath('deploy/k8s');
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();

function load(relative: string): Manifest[] {
  const docs = parseAllDocuments(readRepoFile('deploy/k8s', relative));
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const problems = [...doc.errors, ...doc.warnings].map((problem) => problem.message);
    expect({ file: relative, problems }).toEqual({ file: relative, problems: [] });
  }
  return list.map((doc) => doc.toJS() as Manifest).filter((manifest) => manifest !== null);
}

const baseFiles = yamlFiles(path.join(K8S, 'base'));
const base = baseFiles.filter((file) => file !== 'kustomization.yaml').flatMap((file) => load(path.join('base', file)));
const find = (kind: string, name: string): Manifest => {
  const found = base.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`deploy/k8s/base has no ${kind} ${name}`);
  return found;
};
const documented = documentedVariables(readRepoFile('docs/configuration.md'));

/** Which variables a container gets, failing on references to missing ConfigMap/Secret keys. */
function resolvedEnv(container: any): Set<string> {
  const keysOf = (kind: 'ConfigMap' | 'Secret', name: string): string[] => {
    const manifest = find(kind, name);
    return Object.keys({ ...(manifest.data ?? {}), ...(manifest.stringData ?? {}) });
  };
  const names = new Set<string>();
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) keysOf('ConfigMap', source.configMapRef.name).forEach((key) => names.add(key));
    if (source.secretRef) keysOf('Secret', source.secretRef.name).forEach((key) => names.add(key));
  }
  for (const entry of container.env ?? []) {
    const from = entry.valueFrom;
    if (from?.secretKeyRef) expect(keysOf('Secret', from.secretKeyRef.name)).toContain(from.secretKeyRef.key);
    else if (from?.configMapKeyRef) expect(keysOf('ConfigMap', from.configMapKeyRef.name)).toContain(from.configMapKeyRef.key);
    else if (!from?.fieldRef) expect({ name: entry.name, value: typeof entry.value }).toEqual({ name: entry.name, value: 'string' });
    names.add(entry.name);
  }
  return names;
}

const containerOf = (deployment: Manifest): any => {
  const containers = deployment.spec.template.spec.containers as any[];
  expect(containers).toHaveLength(1);
  return containers[0];
};

describe('deploy/k8s', () => {
  it('parses every manifest without errors', () => {
    const files = yamlFiles(K8S);
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      for (const manifest of load(file)) {
        if (file.endsWith('kustomization.yaml')) continue;
        expect({ file, kind: typeof manifest.kind, name: typeof manifest.metadata?.name })
          .toEqual({ file, kind: 'string', name: 'string' });
      }
    }
  });

  it('lists every base manifest in the base kustomization', () => {
    const kustomization = parse(readRepoFile('deploy/k8s/base/kustomization.yaml')) as { resources: string[] };
    const manifests = baseFiles.filter((file) => file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(manifests);
  });

  it('lists every overlay file and generates a Secret with the same keys as the base', () => {
    const dir = 'deploy/k8s/overlays/example';
    const kustomization = parse(readRepoFile(dir, 'kustomization.yaml')) as {
      resources: string[]; patches: { path: string }[]; secretGenerator: { name: string; envs: string[] }[];
    };
    const listed = [...kustomization.resources, ...kustomization.patches.map((patch) => patch.path)];
    expect(listed.filter((entry) => !existsSync(repoPath(dir, entry)))).toEqual([]);
    const overlayYaml = yamlFiles(repoPath(dir)).filter((file) => file !== 'kustomization.yaml');
    expect(overlayYaml.filter((file) => !listed.includes(file))).toEqual([]);
    // secrets.env is the operator's copy of secrets.env.example (not committed).
    expect(kustomization.secretGenerator[0]?.envs).toEqual(['secrets.env']);
    const exampleKeys = readRepoFile(dir, 'secrets.env.example').trim().split('\n').map((line) => line.split('=')[0]);
    expect(exampleKeys.sort()).toEqual(Object.keys(find('Secret', 'dvt-secrets').stringData).sort());
  });

  it.each(SERVICES)('gives %s every variable it requires', (name: Service) => {
    const env = resolvedEnv(containerOf(find('Deployment', name)));
    const wanted = new Set([...REQUIRED[name], ...documented[name]]);
    const missing = [...wanted].filter((variable) => !env.has(variable));
    expect({ service: name, missing }).toEqual({ service: name, missing: [] });
  });

  it.each([
    ['catalog-api', 3001],
    ['video-api', 3002],
  ])('probes %s on /ready and /health and exposes it through a Service', (name, port) => {
    const deployment = find('Deployment', name);
    const container = containerOf(deployment);
    expect(container.command).toEqual(['node', `services/${name}/dist/src/main.js`]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
    expect(container.env.find((entry: any) => entry.name === 'PORT')?.value).toBe(String(port));
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    const service = find('Service', name);
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
  });

  it('stops the worker gracefully and gives it no Service', () => {
    const deployment = find('Deployment', 'transcoder-worker');
    const container = containerOf(deployment);
    expect(container.command).toEqual(['node', 'services/transcoder-worker/dist/src/main.js']);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(container.ports).toBeUndefined();
    expect(deployment.spec.replicas).toBeUndefined(); // owned by KEDA's HPA
    const labels = deployment.spec.template.metadata.labels as Record<string, string>;
    const selectsWorker = base
      .filter((manifest) => manifest.kind === 'Service')
      .some((service) => Object.entries(service.spec.selector ?? {}).every(([key, value]) => labels[key] === value));
    expect(selectsWorker).toBe(false);
  });

  it('scales the worker with KEDA by the length of the video_transcoding queue', () => {
    const scaled = find('ScaledObject', 'transcoder-worker');
    expect(scaled.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaled.spec.scaleTargetRef.name).toBe('transcoder-worker');
    find('Deployment', scaled.spec.scaleTargetRef.name);
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(0);
    expect(scaled.spec.maxReplicaCount).toBeGreaterThan(scaled.spec.minReplicaCount);
    expect(scaled.spec.triggers).toHaveLength(1);
    const [trigger] = scaled.spec.triggers;
    expect(trigger.type).toBe('rabbitmq');
    // http counts ready + unacknowledged messages: running jobs (late ack) keep their workers.
    expect(trigger.metadata).toMatchObject({ queueName: 'video_transcoding', mode: 'QueueLength', protocol: 'http' });
    const auth = find('TriggerAuthentication', trigger.authenticationRef.name);
    expect(auth.apiVersion).toBe('keda.sh/v1alpha1');
    const host = (auth.spec.secretTargetRef as any[]).find((ref) => ref.parameter === 'host');
    expect(Object.keys(find('Secret', host.name).stringData)).toContain(host.key);
  });

  it('keeps RabbitMQ consumer_timeout above VIDEO_TRANSCODING_TIMEOUT in the ConfigMap', () => {
    const seconds = Number(find('ConfigMap', 'dvt-config').data.VIDEO_TRANSCODING_TIMEOUT);
    expect(seconds).toBeGreaterThan(0);
    expect(rabbitConsumerTimeoutMs(readRepoFile('deploy/rabbitmq/rabbitmq.conf'))).toBeGreaterThan(seconds * 1000);
  });
});
