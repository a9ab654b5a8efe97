import type { EventDefinition } from './eventDefinition';
import { closedObject, isoSeconds, nonEmptyString } from './schemaParts';

export interface FlowCustomData {
  readonly flow_id: string;
  readonly flow_name: string;
  /** Whatever the flow's author chose to send. */
  readonly payload: Readonly<Record<string, unknown>>;
}

const FLOWS = [
  'Escalate overdue critical work orders',
  'Notify planner of new purchase orders',
  'Daily asset downtime digest',
] as const;

export const flowCustom: EventDefinition<FlowCustomData> = {
  type: 'flow.custom',
  description: 'A custom webhook sent by a Makini Flow, with a free-form payload.',
  dataSchema: closedObject({
    flow_id: nonEmptyString,
    flow_name: nonEmptyString,
    payload: { type: 'object' },
  }),
  sample({ random, now }) {
    return {
      flow_id: `flow_${random.token(12)}`,
      flow_name: random.pick(FLOWS),
      payload: {
        triggered_at: isoSeconds(now),
        work_order_key: random.key(),
        priority: random.pick(['low', 'medium', 'high', 'critical']),
        overdue_days: random.int(1, 30),
      },
    };
  },
};
