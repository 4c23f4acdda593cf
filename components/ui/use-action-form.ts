"use client";

import { useContext, useEffect, useState, useTransition } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";
import type { ActionResult } from "@/lib/actions/result";
import { ModalBusyContext } from "./dialog";
import { applyServerErrors } from "./form-errors";

export type FormNotice = { text: string; tone: "error" | "success"; link?: { href: string; label: string } } | null;

/**
 * The one way a form talks to its server action: validate in the browser (the form's zod
 * resolver), send the raw values, and on refusal put the message in the form's notice and the
 * field errors next to their fields — nothing typed is lost. `onSuccess` gets the action's data.
 */
export function useActionForm<TValues extends FieldValues, TOutput>(form: UseFormReturn<TValues, unknown, TOutput>) {
  const [notice, setNotice] = useState<FormNotice>(null);
  const [pending, startTransition] = useTransition();
  const setModalBusy = useContext(ModalBusyContext);
  useEffect(() => {
    setModalBusy?.(pending);
    return () => setModalBusy?.(false);
  }, [pending, setModalBusy]);

  function submitWith<TData>(run: (values: TValues) => Promise<ActionResult<TData>>, onSuccess: (data: TData, values: TValues) => void) {
    return form.handleSubmit(() =>
      startTransition(async () => {
        setNotice(null);
        const values = form.getValues();
        const result = await run(values);
        if (!result.ok) {
          setNotice({ text: result.message, tone: "error" });
          applyServerErrors(form.setError, result.fieldErrors);
          return;
        }
        onSuccess(result.data, values);
      }),
    );
  }

  return { submitWith, pending, notice, setNotice };
}
