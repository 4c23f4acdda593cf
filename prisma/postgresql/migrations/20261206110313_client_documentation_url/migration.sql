-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "documentationUrl" TEXT;
