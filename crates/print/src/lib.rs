//! Printing: PDF/A-3b invoices and 80 mm receipts with the embedded XML, the QR and Arabic text.
