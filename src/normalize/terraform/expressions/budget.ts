/**
 * Bounds on evaluating untrusted Terraform: a count of steps and a cap on the size of each value,
 * never the clock, so that the same input gives the same result on any machine. What is over the
 * budget becomes unknown, never an error.
 */
import { BudgetExceeded, EvalError } from './values.js';

/** Evaluation steps for one scan of one root module with all its module calls. */
export const MAX_EVALUATION_STEPS = 2_000_000;
/** Largest collection a single expression may build (`range(1e9)` is not built). */
export const MAX_COLLECTION_ITEMS = 10_000;
/** Longest string a single expression may build. */
export const MAX_STRING_LENGTH = 1_000_000;
/** Deepest nesting of evaluations (locals through locals, module calls through module calls). */
export const MAX_EVALUATION_DEPTH = 200;

export class Budget {
  private steps = 0;
  depth = 0;

  constructor(private readonly maxSteps = MAX_EVALUATION_STEPS) {}

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.maxSteps) throw new BudgetExceeded('evaluation budget spent');
  }

  get exhausted(): boolean {
    return this.steps > this.maxSteps;
  }

  collection(size: number): void {
    this.step(size);
    if (size > MAX_COLLECTION_ITEMS) throw new EvalError(`a collection of ${size} items is over the limit`);
  }

  string(s: string): string {
    this.step(1 + (s.length >> 10));
    if (s.length > MAX_STRING_LENGTH) throw new EvalError('a string over the length limit');
    return s;
  }

  /** Runs `f` one level deeper; past the limit, the value is unknown. */
  nested<T>(f: () => T): T {
    if (this.depth >= MAX_EVALUATION_DEPTH) throw new BudgetExceeded('evaluation nested too deeply');
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
}
