import type { Actions } from './$types';

/** Form actions of the worksheet, quiz and decide steps, merged into the player's actions. */
export const stepActions = {} satisfies Actions;
