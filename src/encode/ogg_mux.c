/* The Ogg stream of the stretch encoder, on the caller's thread: OpusHead
 * and OpusTags, then the packets of every stretch in order. */
#include <math.h>
#include <string.h>

#include <opus.h>

#include "encode/stretch_internal.h"

/* Every encoder delays its stretch by its lookahead, which the stream's
 * pre-skip removes once for all of them: a stretch that starts at frame k
 * plays from frame k, and the lookahead-long tail it never emits lies in
 * the silence before the next seam. Only the last stretch is padded so that
 * its tail is flushed; the final granule position trims the padding. */

static int write_page(rs_ogg_mux *m, const ogg_page *og)
{
    if (m->holding) {
        rs__buf_append(&m->held, (const char *)og->header, (size_t)og->header_len);
        rs__buf_append(&m->held, (const char *)og->body, (size_t)og->body_len);
        return m->held.failed ? ROSTRUM_ENOMEM : 0;
    }
    if (m->io->write(m->io_user, og->header, (size_t)og->header_len) != 0 ||
        m->io->write(m->io_user, og->body, (size_t)og->body_len) != 0) {
        m->io_failed = 1;
        return ROSTRUM_EIO;
    }
    return 0;
}

static int drain_pages(rs_ogg_mux *m, int flush)
{
    ogg_page og;
    while (flush ? ogg_stream_flush(&m->ogg, &og) : ogg_stream_pageout(&m->ogg, &og)) {
        int rc = write_page(m, &og);
        if (rc)
            return rc;
    }
    return 0;
}

int rs__opus_gain_q8(double gain_db)
{
    double q = floor(gain_db * 256.0 + 0.5);
    return (int)(q > 32767.0 ? 32767.0 : q < -32768.0 ? -32768.0 : q);
}

/* The OpusTags packet: the vendor, then the tags that have a value. */
static void opus_tags(rs_buf *packet, const rs_tag *tags, size_t tag_count)
{
    unsigned char n[4];
    char vendor[128];
    size_t i, count = 0;
    snprintf(vendor, sizeof vendor, "%s", opus_get_version_string());
    rs__buf_append(packet, "OpusTags", 8);
    rs__put_le(n, (uint32_t)strlen(vendor), 4);
    rs__buf_append(packet, (const char *)n, 4);
    rs__buf_puts(packet, vendor);
    for (i = 0; i < tag_count; i++)
        count += tags[i].value && *tags[i].value;
    rs__put_le(n, (uint32_t)count, 4);
    rs__buf_append(packet, (const char *)n, 4);
    for (i = 0; i < tag_count; i++) {
        const rs_tag *t = &tags[i];
        if (!t->value || !*t->value)
            continue;
        rs__put_le(n, (uint32_t)(strlen(t->key) + 1 + strlen(t->value)), 4);
        rs__buf_append(packet, (const char *)n, 4);
        rs__buf_puts(packet, t->key);
        rs__buf_putc(packet, '=');
        rs__buf_puts(packet, t->value);
    }
}

static int write_headers(rs_ogg_mux *m, double gain_db, const rs_tag *tags, size_t tag_count)
{
    unsigned char head[19];
    rs_buf packet = {0};
    ogg_packet op;
    ogg_page og;
    int rc;
    memcpy(head, "OpusHead", 8);
    head[8] = 1;
    head[9] = 1;
    rs__put_le(head + 10, (uint32_t)m->lookahead, 2);
    rs__put_le(head + 12, RS__SAMPLE_RATE, 4);
    rs__put_le(head + 16, (uint32_t)(uint16_t)(int16_t)rs__opus_gain_q8(gain_db), 2);
    head[18] = 0;
    memset(&op, 0, sizeof op);
    op.packet = head;
    op.bytes = sizeof head;
    op.b_o_s = 1;
    ogg_stream_packetin(&m->ogg, &op);
    /* OpusHead alone on the first page, kept to set the gain at the end */
    if (ogg_stream_flush(&m->ogg, &og) == 0 || (size_t)(og.header_len + og.body_len) > FIRST_PAGE_MAX)
        return ROSTRUM_EENCODE;
    memcpy(m->first_page, og.header, (size_t)og.header_len);
    memcpy(m->first_page + og.header_len, og.body, (size_t)og.body_len);
    m->first_page_len = (size_t)(og.header_len + og.body_len);
    m->first_page_at = m->holding ? 0 : m->io->tell(m->io_user);
    rc = write_page(m, &og);
    if (rc)
        return rc;
    opus_tags(&packet, tags, tag_count);
    if (packet.failed) {
        rs__buf_free(&packet);
        return ROSTRUM_ENOMEM;
    }
    memset(&op, 0, sizeof op);
    op.packet = (unsigned char *)packet.data;
    op.bytes = (long)packet.len;
    op.packetno = 1;
    ogg_stream_packetin(&m->ogg, &op);
    rs__buf_free(&packet);
    return drain_pages(m, 1);
}

/* Muxes the packets of a finished stretch; last: the stream's last. */
static int mux_packets(rs_ogg_mux *m, const rs_packets *out, int last)
{
    size_t i, offset = 0;
    for (i = 0; i < out->packets; i++) {
        ogg_packet op;
        int64_t end = (m->packet_index + 1) * OUT_FRAME;
        int is_last = last && (uint64_t)end >= m->total_out + (uint64_t)m->lookahead;
        memset(&op, 0, sizeof op);
        op.packet = out->data + offset;
        op.bytes = out->lengths[i];
        op.packetno = m->packet_index + 2;
        op.granulepos = is_last ? (ogg_int64_t)(m->total_out + (uint64_t)m->lookahead) : end;
        op.e_o_s = is_last;
        ogg_stream_packetin(&m->ogg, &op);
        offset += out->lengths[i];
        m->packet_index++;
        if (is_last)
            break; /* the rest is padding past the end */
        if (drain_pages(m, 0) != 0)
            return ROSTRUM_EIO;
    }
    return drain_pages(m, last);
}

int rs__ogg_mux_init(rs_ogg_mux *m, uint32_t serial, int lookahead, const rostrum_io *io, void *io_user)
{
    memset(m, 0, sizeof *m);
    m->io = io;
    m->io_user = io_user;
    m->lookahead = lookahead;
    m->holding = !io->seek || !io->tell;
    if (ogg_stream_init(&m->ogg, (int)(serial & 0x7FFFFFFF)) != 0)
        return ROSTRUM_ENOMEM;
    m->ogg_ready = 1;
    return 0;
}

void rs__ogg_mux_clear(rs_ogg_mux *m)
{
    if (m->ogg_ready)
        ogg_stream_clear(&m->ogg);
    m->ogg_ready = 0;
    rs__buf_free(&m->held);
}

int rs__ogg_mux_headers(rs_ogg_mux *m, double gain_db, const rs_tag *tags, size_t count)
{
    int rc = write_headers(m, gain_db, tags, count);
    if (rc)
        return rc;
    m->headers_written = 1;
    return 0;
}

int rs__ogg_mux_add(rs_ogg_mux *m, const rs_packets *out, int last)
{
    return m->headers_written && !m->holding ? mux_packets(m, out, last) : ROSTRUM_ESTATE;
}

/* The first page's output gain set to gain_db, and its checksum again. */
static void set_first_page_gain(unsigned char *page, size_t len, double gain_db)
{
    ogg_page og;
    og.header = page;
    og.header_len = 27 + page[26];
    og.body = page + og.header_len;
    og.body_len = (long)len - og.header_len;
    rs__put_le(og.body + 16, (uint32_t)(uint16_t)(int16_t)rs__opus_gain_q8(gain_db), 2);
    ogg_page_checksum_set(&og);
}

int rs__ogg_mux_set_gain(rs_ogg_mux *m, double gain_db)
{
    int64_t end;
    if (!m->headers_written)
        return ROSTRUM_ESTATE;
    if (m->holding) {
        int rc;
        set_first_page_gain((unsigned char *)m->held.data, m->first_page_len, gain_db);
        m->holding = 0;
        rc = m->io->write(m->io_user, m->held.data, m->held.len);
        rs__buf_free(&m->held);
        if (rc != 0)
            m->io_failed = 1;
        return rc ? ROSTRUM_EIO : 0;
    }
    /* a pipe's gain went out once, with its held headers: not again */
    if (!m->io->seek || !m->io->tell)
        return ROSTRUM_ESTATE;
    set_first_page_gain(m->first_page, m->first_page_len, gain_db);
    end = m->io->tell(m->io_user);
    if (end < 0 || m->first_page_at < 0 || m->io->seek(m->io_user, m->first_page_at, SEEK_SET) != 0 ||
        m->io->write(m->io_user, m->first_page, m->first_page_len) != 0 ||
        m->io->seek(m->io_user, end, SEEK_SET) != 0)
        return ROSTRUM_EIO;
    return 0;
}
