/**
 * Test fixture, bundled for a real browser by src/browser.test.ts: puts the SDK's client and its
 * IndexedDB session store on `window`, for the test to drive through `page.evaluate`.
 */
import { IndexedDbSessionStore, IroncartClient } from '../index.js';

/** What this entry adds to `window`. */
export interface SdkTestGlobals {
  IroncartClient: typeof IroncartClient;
  IndexedDbSessionStore: typeof IndexedDbSessionStore;
}

const globals: SdkTestGlobals = { IroncartClient, IndexedDbSessionStore };
Object.assign(window, globals);
