/** Placeholder while the screen is built. */
export default function RecommendPage() {
  return <div class="decl-page" />;
}
