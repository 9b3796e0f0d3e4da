/**
 * Read aloud with the browser's speech synthesis, in the visitor's language. Available only when
 * the system has a voice for that language (Mandarin for Chinese); the voice list can arrive late,
 * so it is read again on "voiceschanged". Without speech the read-aloud buttons are not shown.
 */
import type { Lang } from '../../../shared';

const ZH = /^(zh(-cn|-hans.*|-sg)?|cmn(-.*)?)$/i;
const EN = /^en(-.*)?$/i;

function norm(tag: string): string {
  return tag.replace(/_/g, '-');
}

export function voiceFor(voices: readonly SpeechSynthesisVoice[], lang: Lang): SpeechSynthesisVoice | undefined {
  const want = lang === 'zh' ? ZH : EN;
  const exact = lang === 'zh' ? /^zh-cn$/i : /^en-(gb|us)$/i;
  const fit = voices.filter((v) => want.test(norm(v.lang)));
  return fit.find((v) => exact.test(norm(v.lang)) && v.localService) ?? fit.find((v) => exact.test(norm(v.lang))) ?? fit[0];
}

class Speech {
  voices = $state<SpeechSynthesisVoice[]>([]);
  /** The text being read, if any: its button shows "Stop reading". */
  speaking = $state<string | undefined>();
  readonly #synth: SpeechSynthesis | undefined;

  constructor() {
    this.#synth =
      typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined' ? window.speechSynthesis : undefined;
    if (!this.#synth) return;
    const load = () => (this.voices = this.#synth?.getVoices() ?? []);
    load();
    this.#synth.addEventListener?.('voiceschanged', load);
  }

  canSpeak(lang: Lang): boolean {
    return !!this.#synth && !!voiceFor(this.voices, lang);
  }

  speak(text: string, lang: Lang): void {
    const synth = this.#synth;
    const voice = voiceFor(this.voices, lang);
    if (!synth || !voice) return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang === 'zh' ? 'zh-CN' : 'en-GB';
    u.voice = voice;
    u.lang = voice.lang || u.lang;
    u.rate = 0.9;
    const done = () => {
      if (this.speaking === text) this.speaking = undefined;
    };
    u.onend = done;
    u.onerror = done;
    this.speaking = text;
    synth.speak(u);
  }

  stop(): void {
    this.#synth?.cancel();
    this.speaking = undefined;
  }
}

export const speech = new Speech();
