import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const { globalTeardown: teardown } = await tsImport('./plane-teardown.ts', import.meta.url);
  await teardown();
}
