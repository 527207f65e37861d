package io.tmr.core.tensor;
public class MaskHarness {
  static final long LV=KeepMaskBits.LANE_VALUES, LT=KeepMaskBits.LANE_TOPS;
  static long four(long d){ long keep=d&LT; return ((keep>>>15)&1L)|((keep>>>30)&2L)|((keep>>>45)&4L)|((keep>>>60)&8L);}
  static void fill2(long seed,long th,long[] out,int from,int to){
    int w=from;
    for(;w+1<to;w+=2){ long r0=KeepMaskBits.state(seed,w), r1=KeepMaskBits.state(seed,w+1); long a=0,b=0;
      for(int q=0;q<16;q++){ r0^=r0<<13; r1^=r1<<13; r0^=r0>>>7; r1^=r1>>>7; r0^=r0<<17; r1^=r1<<17;
        a|=four(((r0>>>1)&LV|LT)-th)<<(q<<2); b|=four(((r1>>>1)&LV|LT)-th)<<(q<<2);}
      out[w]=a; out[w+1]=b; }
    KeepMaskBits.fillScalar(seed,th,out,w,to);
  }
  public static void main(String[] x){
    long[] o1=new long[4096],o2=new long[4096],o3=new long[4096]; long th=3277*0x0001000100010001L;
    for(int rep=0;rep<8;rep++){
      long t0=System.nanoTime(); for(int i=0;i<200;i++) KeepMaskBits.fillScalar(i,th,o1,0,4096);
      long t1=System.nanoTime(); for(int i=0;i<200;i++) fill2(i,th,o2,0,4096);
      long t2=System.nanoTime(); for(int i=0;i<200;i++) KeepMaskBits.fill(i,3277,o3,0,4096);
      long t3=System.nanoTime();
      if(!java.util.Arrays.equals(o1,o2)||!java.util.Arrays.equals(o1,o3)) throw new AssertionError();
      double n=200*4096.0; System.out.printf("scalar %.1f, two-interleaved %.1f, vector %.1f ns/word%n",(t1-t0)/n,(t2-t1)/n,(t3-t2)/n);
    }
  }
}
