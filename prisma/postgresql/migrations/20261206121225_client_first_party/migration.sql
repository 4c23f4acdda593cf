-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "firstParty" BOOLEAN NOT NULL DEFAULT false;
