-- AlterTable
ALTER TABLE "Client" ADD COLUMN "lastTokenAt" DATETIME;
