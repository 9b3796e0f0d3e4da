/**
 * Burn-in protection without drawing frames: an element jumps to the next of a few small offsets
 * every so often (custom properties --shift-x and --shift-y, which the element's CSS turns into a
 * translate), and nothing runs in between. A CSS animation, even a step-end one, keeps Chromium
 * producing frames all the time; on a kiosk without a GPU that is software rendering all night.
 */
import type { Attachment } from 'svelte/attachments';

export type Offsets = readonly (readonly [number, number])[];

export function burnIn(offsets: Offsets, everyMs: number, active: () => boolean = () => true): Attachment<HTMLElement> {
  return (el) => {
    let i = 0;
    const place = () => {
      const [x, y] = active() ? offsets[i % offsets.length]! : [0, 0];
      el.style.setProperty('--shift-x', `${x}px`);
      el.style.setProperty('--shift-y', `${y}px`);
    };
    place();
    const timer = setInterval(() => {
      i++;
      place();
    }, everyMs);
    return () => clearInterval(timer);
  };
}
