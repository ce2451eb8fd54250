// jest loads globalSetup outside its transform pipeline, so TypeScript with NodeNext `.js`
// specifiers goes through tsx here.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { globalSetup: setup } = await tsImport('./plane-setup.ts', import.meta.url);
  await setup();
}
