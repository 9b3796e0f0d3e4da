/** Search terms offered as chips when a search finds nothing; each is checked against the content before it is shown. */
export const SUGGESTED_SEARCHES: Record<'zh' | 'en', readonly string[]> = {
  zh: ['超声', '血管', '静脉曲张', '颈动脉', '体检', '腿肿'],
  en: ['ultrasound', 'veins', 'varicose veins', 'DVT', 'carotid', 'leg swelling'],
};
