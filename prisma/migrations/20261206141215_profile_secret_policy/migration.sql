-- AlterTable
ALTER TABLE "Profile" ADD COLUMN "secretMaxDays" INTEGER;
