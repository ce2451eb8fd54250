/** One Dockerfile instruction: upper-cased keyword and its raw argument text (continuations joined). */
export interface Instruction {
  keyword: string;
  args: string;
}

/** A build stage: its base image, its `AS` name and its instructions after FROM. */
export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into instructions; comments, parser directives and blank lines are dropped. */
export function instructions(text: string): Instruction[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  if (pending) logical.push(pending);
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

/**
 * The stages of a multi-stage Dockerfile, in order. Instructions before the first FROM are global
 * ARGs; their defaults replace `${NAME}` and `$NAME` in FROM lines, as a build without --build-arg.
 */
export function stages(text: string): Stage[] {
  const out: Stage[] = [];
  const defaults = new Map<string, string>();
  const expand = (image: string): string =>
    image.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
      const value = defaults.get(braced ?? bare ?? '');
      return value ?? whole;
    });
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'ARG' && out.length === 0) {
      const [name = '', value] = instruction.args.split(/=(.*)/s);
      if (value !== undefined) defaults.set(name, value);
    } else if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      const image = expand(from);
      out.push({ image, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}), instructions: [] });
    } else {
      out.at(-1)?.instructions.push(instruction);
    }
  }
  return out;
}

/** The argument of an exec-form instruction (`["a", "b"]`), or undefined for the shell form. */
export function execForm(instruction: Instruction | undefined): string[] | undefined {
  if (!instruction?.args.startsWith('[')) return undefined;
  return JSON.parse(instruction.args) as string[];
}
