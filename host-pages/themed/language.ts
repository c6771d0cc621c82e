// The themed demo's language switch (live, without a reload; /kyc/ has a twin page per language instead): sets the page's `lang`, which <kyc-flow> follows when it has no
// `locale` attribute (as an integrator's page would). The choice is kept for the next visit.
const KEY = 'kyc-demo-language';
const group = document.querySelector<HTMLElement>('[data-language-switch]');

function apply(lang: string) {
  document.documentElement.lang = lang;
  for (const button of group?.querySelectorAll<HTMLButtonElement>('button[data-lang]') ?? []) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  // The element reads the page's language when it renders: ask it to render again.
  for (const flow of document.querySelectorAll<HTMLElement & { requestUpdate?: () => void }>('kyc-flow')) flow.requestUpdate?.();
}

let kept: string | null = null;
try {
  kept = localStorage.getItem(KEY);
} catch {
  /* storage blocked */
}
const browser = navigator.languages?.find((tag) => /^(en|de|fr|es|ar)\b/i.test(tag))?.slice(0, 2).toLowerCase();
apply(kept ?? browser ?? 'en');

group?.addEventListener('click', (event) => {
  const lang = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-lang]')?.dataset.lang;
  if (!lang) return;
  apply(lang);
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* storage blocked: the switch still works for this visit */
  }
});
