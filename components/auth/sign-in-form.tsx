"use client";

import { startTransition, useActionState, useRef } from "react";
import { useForm } from "@/components/ui/use-form";
import { authenticate } from "@/lib/auth/actions";
import type { SignInInput } from "@/lib/auth/schema";
import { useLazyZodResolver } from "@/components/ui/lazy-resolver";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(authenticate, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<SignInInput>({
    resolver: useLazyZodResolver<SignInInput>(() => import("@/lib/auth/schema").then((m) => m.signInSchema)),
    defaultValues: { email: "", password: "" },
  });

  // Validate in the browser first; the action validates again on the server.
  const onValid = () => startTransition(() => formAction(new FormData(formRef.current!)));

  return (
    // eslint-disable-next-line react-hooks/refs -- handleSubmit calls onValid (which reads the ref) on submit, not during render.
    <form ref={formRef} action={formAction} onSubmit={handleSubmit(onValid)} noValidate className="space-y-2">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        label="Email"
        type="email"
        autoComplete="username"
        autoFocus
        {...register("email")}
        errors={errors.email?.message ?? state?.fieldErrors?.email}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        {...register("password")}
        errors={errors.password?.message ?? state?.fieldErrors?.password}
      />
      <div aria-live="assertive" role="alert" className="min-h-5 text-sm text-red-600 dark:text-red-400">
        {state?.message}
      </div>
      <Button type="submit" pending={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
