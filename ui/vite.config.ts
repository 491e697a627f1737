import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import type { Plugin as PostcssPlugin } from "postcss";

/**
 * One weight of the CJK font (issue 7). Bold text would map a second 20 MB font file into the web process
 * (Noto Sans CJK Bold: 5–7 MB of it resident), so bold is drawn as the regular face with a hairline stroke
 * of the text's own colour, as a renderer synthesises bold. Styles keep saying `font-weight: 700`; this
 * turns every font-weight, in app.css and in every component, into the regular weight, stroked where it
 * was bold. A UI test checks that no screen draws anything heavier.
 */
const oneFontWeight: PostcssPlugin = {
  postcssPlugin: "sango-one-font-weight",
  Once(root) {
    root.walkDecls("font-weight", (decl) => {
      const next = decl.next();
      if (next?.type === "decl" && next.prop === "-webkit-text-stroke") return; // Vite runs the plugin twice
      const bold = /^(bold|bolder|[6-9]00)$/.test(decl.value.trim());
      decl.value = "400";
      // The stroke is inherited like the weight, so a lighter weight must take it away again.
      decl.cloneAfter({ prop: "-webkit-text-stroke", value: bold ? "var(--bold-stroke)" : "0" });
    });
  },
};

// The Tauri app loads ui/dist from disk, so asset paths stay relative.
export default defineConfig({
  base: "./",
  plugins: [svelte()],
  css: { postcss: { plugins: [oneFontWeight] } },
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 800 },
});
