"use client";

import { useRouter } from "next/navigation";
import { FormActions } from "@/components/ui/form-actions";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { SelectField } from "@/components/ui/text-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { fieldProps, useForm } from "@/components/ui/use-form";
import { setMfaRequirement } from "@/lib/mfa/actions";
import type { MfaLevel } from "@/lib/mfa/requirement";
import type { z } from "zod";
import type { mfaLevelSchema } from "@/lib/mfa/schema";

type Input = z.input<typeof mfaLevelSchema>;

const LEVELS: { value: MfaLevel; label: string }[] = [
  { value: "none", label: "Nobody (a second factor is optional)" },
  { value: "owners", label: "Owners" },
  { value: "all", label: "Every admin" },
];

/** /admins: who must sign in with a second factor — at least what the server's MFA_REQUIRED_FOR says. */
export function MfaRequirementForm({ level, floor }: { level: MfaLevel; floor: MfaLevel }) {
  const router = useRouter();
  const form = useForm<Input>({
    resolver: useLazyZodResolver<Input>(() => import("@/lib/mfa/schema").then((m) => m.mfaLevelSchema)),
    defaultValues: { level },
  });
  const { submitWith, pending, notice, setNotice } = useActionForm(form);
  const allowed = LEVELS.slice(LEVELS.findIndex((l) => l.value === floor));
  const onSubmit = submitWith(setMfaRequirement, (_, values) => {
    form.reset(values);
    setNotice({ text: "Saved. It applies from each admin's next sign-in.", tone: "success" });
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-1" aria-label="Two-step sign-in requirement">
      <SelectField
        label="Second factor required for"
        options={allowed}
        hint={`The server's MFA_REQUIRED_FOR is “${floor}”: the portal may require more, never less.`}
        {...fieldProps(form, "level")}
      />
      <FormActions notice={notice} pending={pending} submitLabel="Save requirement" />
    </form>
  );
}
