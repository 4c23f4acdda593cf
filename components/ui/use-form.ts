"use client";

import { useRef } from "react";
import {
  get,
  useForm as useHookForm,
  type FieldError,
  type FieldValues,
  type Path,
  type RegisterOptions,
  type UseFormProps,
  type UseFormReturn,
} from "react-hook-form";

/**
 * react-hook-form's useForm, whose `register` also gives each field its default as `defaultValue`
 * (or `defaultChecked`), so the server-rendered form shows its values: react-hook-form otherwise
 * fills uncontrolled fields only once its code runs in the browser, and a form hydrated at the
 * first interaction (components/ui/island.tsx) would show empty fields until then. Every form
 * imports useForm from here.
 */
export function useForm<TValues extends FieldValues, TContext = unknown, TOutput = TValues>(
  props: UseFormProps<TValues, TContext, TOutput>,
): UseFormReturn<TValues, TContext, TOutput> {
  const form = useHookForm(props);
  /* eslint-disable react-hooks/refs, react-hooks/immutability -- deliberate: `register` is patched once,
     in place (a copy of `form` would read its formState proxy and subscribe to every change). */
  const defaults = useRef(props.defaultValues);
  defaults.current = props.defaultValues;
  const patched = useRef(false);
  if (!patched.current) {
    patched.current = true;
    const register = form.register;
    form.register = ((name, options) => {
      const field = register(name, options);
      const value: unknown = typeof defaults.current === "function" ? undefined : get(defaults.current, name);
      if (typeof value === "boolean") return { ...field, defaultChecked: value };
      if (typeof value === "string" || typeof value === "number") return { ...field, defaultValue: value };
      return field;
    }) as typeof form.register;
  }
  /* eslint-enable react-hooks/refs, react-hooks/immutability */
  return form;
}

/**
 * What a field component (TextField, SelectField, TextAreaField) takes from its form: the field's
 * registration and its error message, so that a form names each field once:
 * `<TextField label="Name" {...fieldProps(form, "name")} />`.
 */
export function fieldProps<TValues extends FieldValues, TContext, TOutput>(
  form: UseFormReturn<TValues, TContext, TOutput>,
  name: Path<TValues>,
  options?: RegisterOptions<TValues, Path<TValues>>,
) {
  return { ...form.register(name, options), errors: (get(form.formState.errors, name) as FieldError | undefined)?.message };
}
