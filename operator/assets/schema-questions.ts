import { schemaKey, type SchemaFacts } from './schema-facts.js';

/**
 * The questions templates ask about served kinds. A kind the facts do not know (an offline
 * render, with no cluster to ask) counts as the newest version: every field exists and every
 * value is allowed, so an offline render shows what a current cluster gets. Pure.
 */
export function schemaQuestions(facts: SchemaFacts): {
  crdHasField(apiVersion: unknown, kind: unknown, path: unknown): boolean;
  crdAllows(apiVersion: unknown, kind: unknown, path: unknown, value: unknown): boolean;
} {
  const fieldOf = (apiVersion: unknown, kind: unknown, path: unknown) => {
    const [group, version] = String(apiVersion).split('/');
    const kindFacts = facts[schemaKey(group ?? '', version ?? '', String(kind))];
    if (!kindFacts) return { known: false as const };
    return { known: true as const, field: kindFacts[String(path)] };
  };
  return {
    crdHasField(apiVersion, kind, path) {
      const answer = fieldOf(apiVersion, kind, path);
      return !answer.known || answer.field !== undefined;
    },
    crdAllows(apiVersion, kind, path, value) {
      const answer = fieldOf(apiVersion, kind, path);
      if (!answer.known) return true;
      if (!answer.field) return false;
      return answer.field.enum === undefined || answer.field.enum.includes(String(value));
    },
  };
}
