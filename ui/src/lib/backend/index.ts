import { invoke } from "@tauri-apps/api/core";
import { createBackend, type Backend } from "./backend";

export type { Backend } from "./backend";
export { toAppError, isAppError } from "./backend";
export type * from "./contract";

/** The app's backend: Tauri's IPC (mocked underneath by mockIPC in the UI tests). */
export const backend: Backend = createBackend((command, args) => invoke(command, args));
