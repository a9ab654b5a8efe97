import type { SandboxControl } from '../api/sandboxControl';
import type { SandboxAction } from './scenario';
import type { ScenarioSandbox } from './scenarioRunner';

/** Sandbox steps done through the sandbox's control endpoints (`/_sandbox/`). */
export function sandboxSteps(control: SandboxControl): ScenarioSandbox {
  const actions: Readonly<Record<SandboxAction, (key: string) => Promise<void>>> = {
    take_offline: (key) => control.setOnline(key, false),
    bring_online: (key) => control.setOnline(key, true),
    require_reauthorization: (key) => control.requireReauthorization(key),
    reauthorize: (key) => control.reauthorize(key),
    fail_sync: (key) => control.failSync(key),
    change_record: async (key) => {
      if ((await control.changeWorkOrderStatus(key)) === undefined)
        throw new Error(`The sandbox connection ${key} has no work order to change.`);
    },
  };
  return { apply: (action, key) => actions[action](key) };
}
