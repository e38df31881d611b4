/** Placeholder while the screen is built. */
export default function PublicityPage() {
  return <div class="decl-page" />;
}
