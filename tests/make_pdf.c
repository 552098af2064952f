/* Writes the test PDFs of pdf_samples.h to files, for the end-to-end tests
 * and the samples folder: make_pdf statement|scan FILE. */
#include <stdio.h>
#include <string.h>

#include "pdf_samples.h"

int main(int argc, char **argv)
{
    cairo_surface_t *surface;
    cairo_status_t status;
    if (argc != 3 || (strcmp(argv[1], "statement") != 0 && strcmp(argv[1], "scan") != 0)) {
        fprintf(stderr, "usage: make_pdf statement|scan FILE\n");
        return 2;
    }
    surface = cairo_pdf_surface_create(argv[2], 595, 842);
    if (strcmp(argv[1], "statement") == 0)
        draw_statement(surface);
    else
        draw_scan(surface);
    cairo_surface_finish(surface);
    status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "make_pdf: %s: %s\n", argv[2], cairo_status_to_string(status));
        return 1;
    }
    return 0;
}
