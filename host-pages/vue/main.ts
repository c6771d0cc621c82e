/**
 * `/vue/`: a Vue 3 app that embeds `<kyc-review-queue>` (App.vue). Vue is
 * told the `kyc-` tags are custom elements (`isCustomElement` in
 * vite.config.ts, where `@vitejs/plugin-vue` compiles the template ahead of
 * time: no runtime compiler, so no `eval` under the page's CSP).
 */
import { createApp } from 'vue';
import 'kyc-review-kit/kyc-review-queue';
import App from './App.vue';

createApp(App).mount('#app');
