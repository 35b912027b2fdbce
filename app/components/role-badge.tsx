import type { Role } from "~/generated/prisma/enums";
import { ROLE_LABELS } from "~/modules/teams/permissions";

const TONE: Record<Role, string> = {
  OWNER: "bg-accent-50 text-accent-700 ring-accent-100 dark:bg-accent-700/20 dark:text-accent-100 dark:ring-accent-700/40",
  ADMIN: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-900/30 dark:text-sky-200 dark:ring-sky-800",
  MEMBER: "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700",
  VIEWER: "bg-white text-zinc-600 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-700",
};

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[role]}`}>
      {ROLE_LABELS[role]}
    </span>
  );
}
