import type { ChangeSet, ResourceChange, StackEvent } from "../../../src/cloudformation/model/types";

const STACK = "orders";
const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/1`;

/**
 * A stack's events told as a story, oldest first: `at(seconds)` moves the clock, `stack(status)`
 * and `resource(id, status)` add events.
 */
export class EventStory {
  private t = Date.parse("2026-12-01T10:00:00Z");
  private n = 0;
  readonly events: StackEvent[] = [];

  at(seconds: number): this {
    this.t = Date.parse("2026-12-01T10:00:00Z") + seconds * 1000;
    return this;
  }

  stack(status: string, reason?: string): this {
    return this.add(STACK, "AWS::CloudFormation::Stack", status, reason);
  }

  resource(logicalId: string, status: string, reason?: string, type = "AWS::SQS::Queue"): this {
    return this.add(logicalId, type, status, reason);
  }

  private add(logicalId: string, type: string, status: string, reason?: string): this {
    this.events.push({
      id: `e${++this.n}`,
      stackId: STACK_ID,
      stackName: STACK,
      logicalId,
      type,
      timestamp: new Date(this.t),
      status,
      ...(reason ? { reason } : {}),
    });
    return this;
  }
}

export function aChange(overrides: Partial<ResourceChange> = {}): ResourceChange {
  return {
    action: "Modify",
    logicalId: "Queue",
    type: "AWS::SQS::Queue",
    replacement: "False",
    scope: ["Properties"],
    details: [],
    ...overrides,
  };
}

export function aChangeSet(overrides: Partial<ChangeSet> = {}): ChangeSet {
  return {
    id: "arn:aws:cloudformation:us-east-1:123456789012:changeSet/cs1/1",
    name: "cs1",
    stackId: STACK_ID,
    stackName: STACK,
    status: "CREATE_COMPLETE",
    executionStatus: "AVAILABLE",
    created: new Date("2026-12-01T10:00:00Z"),
    parameters: [],
    capabilities: [],
    tags: [],
    changes: [],
    ...overrides,
  };
}
