// Reversibility classes (DESIGN.md "Reversibility is code").

export const REVERSIBILITY_CLASSES = ['reversible', 'compensatable', 'irreversible'] as const;

/**
 * - `reversible`: an exact inverse restores the prior state.
 * - `compensatable`: an inverse exists but leaves a trace, or holds only under a condition or until a time.
 * - `irreversible`: no API inverse.
 */
export type Reversibility = (typeof REVERSIBILITY_CLASSES)[number];
