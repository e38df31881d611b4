/** Placeholder while the screen is built. */
export default function PublicPublicityPage() {
  return <div class="decl-page" />;
}
