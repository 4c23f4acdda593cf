-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "lastTokenAt" TIMESTAMP(3);
