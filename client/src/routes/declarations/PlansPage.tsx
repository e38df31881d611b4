/** Placeholder while the screen is built. */
export default function PlansPage() {
  return <div class="decl-page" />;
}
