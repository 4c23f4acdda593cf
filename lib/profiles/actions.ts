"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/admin-action";
import {
  deleteProfileContextSchema,
  deleteProfileSchema,
  profileContextSchema,
  profileSchema,
  updateProfileContextSchema,
  updateProfileSchema,
} from "./schema";
import {
  createProfileRecord,
  updateProfileRecord,
  deleteProfileRecord,
  createProfileContextRecord,
  updateProfileContextRecord,
  deleteProfileContextRecord,
} from "./service";

// The browser's profile and profile-context mutations (profiles.write); the logic is in ./service.ts.

const PATH = "/profiles";

export const createProfile = adminAction("profiles.write", profileSchema, async (input, ctx) => {
  const result = await createProfileRecord(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const updateProfile = adminAction("profiles.write", updateProfileSchema, async (input, ctx) => {
  const result = await updateProfileRecord(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const deleteProfile = adminAction("profiles.write", deleteProfileSchema, async (input, ctx) => {
  const result = await deleteProfileRecord(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const createProfileContext = adminAction("profiles.write", profileContextSchema, async (input, ctx) => {
  const result = await createProfileContextRecord(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const updateProfileContext = adminAction("profiles.write", updateProfileContextSchema, async (input, ctx) => {
  const result = await updateProfileContextRecord(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const deleteProfileContext = adminAction("profiles.write", deleteProfileContextSchema, async (input, ctx) => {
  const result = await deleteProfileContextRecord(ctx, input);
  revalidatePath(PATH);
  return result;
});
