// What a `.vue` file is to TypeScript (vite compiles it; `tsc --noEmit` only needs its shape).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
