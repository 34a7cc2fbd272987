// What checking can fail with: the check service's own typed error, or (a bug) an internal one.
import type { Internal } from "../../lib/call";
import type { CheckError } from "../../lib/types";

export type CheckFailure = CheckError | Internal;

