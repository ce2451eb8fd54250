import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One shell command from a runbook's ```bash block (continuation lines and open quotes joined). */
export interface RunbookCommand {
  file: string;
  line: number;
  text: string;
}

/** Whether a quote is still open at the end of `text` (an unquoted ` #` comment ends each line). */
function quotesOpen(text: string): boolean {
  let single = false;
  let double = false;
  let comment = false;
  let previous = '\n';
  for (const ch of text) {
    if (ch === '\n') comment = false;
    else if (comment) continue;
    else if (ch === '#' && !single && !double && /\s/.test(previous)) comment = true;
    else if (ch === "'" && !double) single = !single;
    else if (ch === '"' && !single) double = !double;
    previous = ch;
  }
  return single || double;
}

/** Every command of every ```bash block of one Markdown text, in order. Pure. */
export function commandsIn(markdown: string, file: string): RunbookCommand[] {
  const out: RunbookCommand[] = [];
  const lines = markdown.split('\n');
  let inBlock = false;
  let pending: { text: string; line: number } | undefined;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (/^```bash\s*$/.test(trimmed)) return void (inBlock = true);
    if (inBlock && trimmed === '```') return void (inBlock = false);
    if (!inBlock) return;
    if (!pending && (trimmed === '' || trimmed.startsWith('#'))) return;
    const text = pending ? `${pending.text}\n${raw}` : trimmed;
    const line = pending?.line ?? index + 1;
    if (text.endsWith('\\') || quotesOpen(text)) return void (pending = { text, line });
    pending = undefined;
    out.push({ file, line, text });
  });
  return out;
}

/** The commands of every runbook under `dir` (README first, then by name). */
export function runbookCommands(dir: string): RunbookCommand[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort((a, b) => (a === 'README.md' ? -1 : b === 'README.md' ? 1 : a.localeCompare(b)));
  return files.flatMap((f) => commandsIn(readFileSync(path.join(dir, f), 'utf8'), f));
}

/** Why a command cannot run against the demo's control plane in CI; undefined when it can. Pure. */
export function whyNotInCi(command: string): string | undefined {
  const rules: [RegExp, string][] = [
    [
      /port-forward/,
      'needs the operator pod: port-forward to the Deployment (the demo runs the operator in-process, on loopback ports)',
    ],
    [
      /kubectl logs|deploy\/virt-platform-autopilot|kubectl exec/,
      "needs the operator Deployment's pod (logs or exec)",
    ],
    [/\boc adm\b/, 'needs OpenShift (oc adm: node logs, must-gather)'],
    [/autopilot\.log/, 'reads the log file that kubectl logs (pod) wrote'],
    [
      /sleep 120/,
      'waits two minutes on purpose (a webhook that keeps rewriting the object): too slow for CI',
    ],
    [
      /^kill \$PF|^sleep 2$|^mkdir autopilot-gather/,
      'part of the must-gather sequence around the port-forwards',
    ],
    [
      /\$SA\b|serviceAccountName/,
      "needs the operator's Deployment and its RBAC (installed with kustomize, not in the demo)",
    ],
    [/diff a\.yaml b\.yaml/, 'compares with a.yaml, written two minutes earlier by the command before'],
    [/get csv/, 'needs OLM (ClusterServiceVersion), which the demo does not have'],
    [
      /kubevirt-metrics-exporter|kubectl (get|top) (vmi|vm|node|pvc)\b|kubectl cordon/,
      'needs the VM metrics exporter, VMs and their nodes (the demo runs no workloads)',
    ],
  ];
  return rules.find(([pattern]) => pattern.test(command))?.[1];
}

/** Demo values for the runbooks' placeholders. */
export const DEMO_VALUES: Record<string, string> = {
  '<namespace>': 'openshift-cnv',
  '<name>': 'virt-platform-autopilot-metrics',
  '<kind>': 'service',
  '<resource>': 'services',
  '<asset>': 'metrics-service',
  '<group>': 'monitoring.coreos.com',
  '<version>': 'v1',
  '<plural>': 'servicemonitors',
};

/** The command with its placeholders and the pod-local ports replaced for the demo. Pure. */
export function forDemo(command: string, ports: { metrics: number; debug: number }): string {
  let text = command;
  for (const [placeholder, value] of Object.entries(DEMO_VALUES)) text = text.split(placeholder).join(value);
  return text
    .replace(/localhost:8080/g, `127.0.0.1:${ports.metrics}`)
    .replace(/localhost:8081/g, `127.0.0.1:${ports.debug}`);
}
