import { invoke } from "@tauri-apps/api/core";
import { createBackend, type Backend } from "./backend";

export type { Backend } from "./backend";
export { toAppError, isAppError } from "./backend";
export type * from "./contract";

let signedOut: () => void = () => {};
/** What the window does when a command answers `not_signed_in` (the shell shows the sign-in screen). */
export function whenSignedOut(fn: () => void): void {
  signedOut = fn;
}

/** The app's backend: Tauri's IPC (mocked underneath by mockIPC in the UI tests). */
export const backend: Backend = createBackend((command, args) => invoke(command, args), () => signedOut());
