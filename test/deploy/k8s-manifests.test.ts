import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEPLOY_DIRECTORY } from './metric-names.ts';

/**
 * deploy/k8s/dte.yaml, checked offline (no cluster is reachable here, and kubectl's dry run needs one):
 * what issue 23 asks of it, read from the manifests themselves.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field.
type Manifest = any;
const manifests: Manifest[] = parseAllDocuments(readFileSync(join(DEPLOY_DIRECTORY, 'k8s', 'dte.yaml'), 'utf8')).map((document) => document.toJS());
const of = (kind: string, name: string): Manifest => manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);

describe('the Kubernetes manifests', () => {
  it('run the API and the workers from one image, non-root with a read-only root and writable /data and /tmp, secrets from a Secret', () => {
    for (const [name, role] of [['dte-api', 'api'], ['dte-worker', 'worker']] as const) {
      const pod = of('Deployment', name).spec.template.spec;
      const [container] = pod.containers;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(container.volumeMounts.map((mount: Manifest) => mount.mountPath).sort()).toEqual(['/data', '/tmp']);
      expect(container.env).toContainEqual({ name: 'PROCESS_ROLE', value: role });
      expect(container.envFrom).toEqual([{ secretRef: { name: 'dte' } }]);
      expect(JSON.stringify(container.env)).not.toMatch(/MASTER_KEY|JWT_SECRET|DATABASE_URL/);
      expect(container.resources.requests).toBeDefined();
      expect(container.resources.limits).toBeDefined();
      expect(container.image).toBe(of('Deployment', 'dte-api').spec.template.spec.containers[0].image);
    }
  });

  it('probe the API on /healthz and /readyz, and the workers on their metrics port', () => {
    const api = of('Deployment', 'dte-api').spec.template.spec.containers[0];
    expect(api.livenessProbe.httpGet.path).toBe('/healthz');
    expect(api.readinessProbe.httpGet.path).toBe('/readyz');
    const worker = of('Deployment', 'dte-worker').spec.template.spec.containers[0];
    expect(worker.livenessProbe.tcpSocket.port).toBe('metrics');
    expect(worker.ports).toContainEqual({ name: 'metrics', containerPort: Number(worker.env.find((variable: Manifest) => variable.name === 'METRICS_PORT').value) });
  });

  it('select their pods: the Service the API, the disruption budgets each role, the autoscaler the workers', () => {
    const labels = (name: string) => of('Deployment', name).spec.template.metadata.labels;
    expect(labels('dte-api')).toMatchObject(of('Service', 'dte-api').spec.selector);
    expect(labels('dte-api')).toMatchObject(of('PodDisruptionBudget', 'dte-api').spec.selector.matchLabels);
    expect(labels('dte-worker')).toMatchObject(of('PodDisruptionBudget', 'dte-worker').spec.selector.matchLabels);
    expect(of('HorizontalPodAutoscaler', 'dte-worker').spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'dte-worker' });
  });
});
