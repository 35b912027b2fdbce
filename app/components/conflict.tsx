/** Shown when a save hit a newer version: theirs beside yours, so nothing is silently lost. */
export function ConflictNotice({
  message,
  theirs,
  yours,
  labels,
}: {
  message: string;
  theirs: Record<string, unknown>;
  yours: Record<string, unknown>;
  labels: Record<string, string>;
}) {
  const changed = Object.keys(labels).filter((key) => String(theirs[key] ?? "") !== String(yours[key] ?? ""));
  return (
    <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-medium">{message}</p>
      {changed.length ? (
        <table className="mt-2 w-full text-left text-xs">
          <thead>
            <tr>
              <th className="py-1 pr-2">Field</th>
              <th className="py-1 pr-2">Their version (saved)</th>
              <th className="py-1">Your version (not saved)</th>
            </tr>
          </thead>
          <tbody>
            {changed.map((key) => (
              <tr key={key} className="align-top">
                <td className="py-1 pr-2 font-medium">{labels[key]}</td>
                <td className="py-1 pr-2">{String(theirs[key] ?? "—")}</td>
                <td className="py-1">{String(yours[key] ?? "—")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="mt-2">The form below still holds your version, now based on theirs: saving again keeps yours.</p>
    </div>
  );
}
