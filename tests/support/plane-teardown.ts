import type { ControlPlane } from './control-plane/control-plane.js';

export async function globalTeardown(): Promise<void> {
  const plane = (globalThis as { __controlPlane?: ControlPlane }).__controlPlane;
  await plane?.stop();
}
